package io.orchestrator.cli;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small parser of {@code --name value} and {@code --switch} flags; unknown flags are errors. */
final class Flags {
  private final Map<String, String> values = new HashMap<>();

  private Flags() {}

  static Flags parse(String[] args, Set<String> withValue, Set<String> switches) {
    Flags flags = new Flags();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (switches.contains(name) && value == null) {
        flags.values.put(name, "true");
      } else if (withValue.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
          }
          value = args[++i];
        }
        flags.values.put(name, value);
      } else {
        throw new IllegalArgumentException("unknown option '" + arg + "' (try --help)");
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
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // answered below
    }
    throw new IllegalArgumentException(name + " must be an integer from " + min + " to " + max + ", got '" + text + "'");
  }

  static List<String> list(String csv) {
    return List.of(csv.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
