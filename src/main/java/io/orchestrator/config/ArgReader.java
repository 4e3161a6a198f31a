package io.orchestrator.config;

import java.util.Arrays;
import java.util.List;

/**
 * Reads a command line of {@code --name value}, {@code --name=value} and {@code --switch} options,
 * one option at a time, for every command of the jar (coordinator, worker, demo, migrate, bench,
 * chaos), so that they all accept the same forms and word their errors alike. Every error is an
 * {@link IllegalArgumentException} naming the option; the commands print it and exit non-zero.
 *
 * <pre>
 * ArgReader args = new ArgReader(argv);
 * while (args.hasNext()) {
 *   switch (args.next()) {
 *     case "--runs" -> runs = args.intValue(1, 20);
 *     case "--quick" -> quick = true;
 *     default -> throw args.unknown();
 *   }
 * }
 * </pre>
 */
public final class ArgReader {
  private final String[] args;
  private int index;
  private String option;
  private String inline;

  public ArgReader(String[] args) {
    this.args = args.clone();
  }

  public boolean hasNext() {
    return index < args.length;
  }

  /** The next option's name; a value given as {@code --name=value} is kept for {@link #value()}. */
  public String next() {
    String arg = args[index++];
    int eq = arg.indexOf('=');
    if (arg.startsWith("--") && eq > 0) {
      option = arg.substring(0, eq);
      inline = arg.substring(eq + 1);
    } else {
      option = arg;
      inline = null;
    }
    return option;
  }

  /** True when the current option came as {@code --name=value}. */
  public boolean hasInlineValue() {
    return inline != null;
  }

  /** The current option's value: after {@code =}, or the next argument unless that is another option. */
  public String value() {
    if (inline != null) {
      return inline;
    }
    if (index >= args.length || args[index].startsWith("--")) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[index++];
  }

  public int intValue(int min, int max) {
    return (int) wholeNumber(option, value(), min, max);
  }

  public long longValue(long min, long max) {
    return wholeNumber(option, value(), min, max);
  }

  /** The value as a comma-separated list of at least one non-blank item. */
  public List<String> listValue() {
    return list(option, value());
  }

  /** The error for an option the command does not know. */
  public IllegalArgumentException unknown() {
    return new IllegalArgumentException("unknown option '" + option + "' (try --help)");
  }

  /** {@code text} as a whole number from {@code min} to {@code max}, or an error naming {@code option}. */
  public static long wholeNumber(String option, String text, long min, long max) {
    try {
      long n = Long.parseLong(text.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new IllegalArgumentException(option + " must be a whole number from " + min + " to " + max + ", got '" + text + "'");
  }

  /** {@code csv} split on commas, blanks dropped; at least one item, or an error naming {@code option}. */
  public static List<String> list(String option, String csv) {
    List<String> items = Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (items.isEmpty()) {
      throw new IllegalArgumentException(option + " needs at least one value");
    }
    return items;
  }
}
