package io.orchestrator.cli;

import io.orchestrator.config.ArgReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** The subcommands' flags, read with {@link ArgReader} against the names a command accepts; unknown flags are errors. */
final class Flags {
  private final Map<String, String> values = new HashMap<>();

  private Flags() {}

  static Flags parse(String[] args, Set<String> withValue, Set<String> switches) {
    Flags flags = new Flags();
    ArgReader reader = new ArgReader(args);
    while (reader.hasNext()) {
      String name = reader.next();
      if (switches.contains(name) && !reader.hasInlineValue()) {
        flags.values.put(name, "true");
      } else if (withValue.contains(name)) {
        flags.values.put(name, reader.value());
      } else {
        throw reader.unknown();
      }
    }
    return flags;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String get(String name) {
    return values.get(name);
  }

  int intValue(String name, int fallback, int min, int max) {
    String text = values.get(name);
    return text == null ? fallback : (int) ArgReader.wholeNumber(name, text, min, max);
  }
}
