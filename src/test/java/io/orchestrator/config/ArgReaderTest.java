package io.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgReaderTest {
  @Test
  void readsSpacedInlineAndSwitchForms() {
    ArgReader args = new ArgReader(new String[] {"--runs", "3", "--modes=memory,,durable", "--quick", "--seed=-7"});
    List<String> seen = new ArrayList<>();
    while (args.hasNext()) {
      String name = args.next();
      seen.add(name);
      switch (name) {
        case "--runs" -> assertThat(args.intValue(1, 20)).isEqualTo(3);
        case "--modes" -> assertThat(args.listValue()).containsExactly("memory", "durable");
        case "--quick" -> assertThat(args.hasInlineValue()).isFalse();
        case "--seed" -> assertThat(args.longValue(Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(-7);
        default -> throw args.unknown();
      }
    }
    assertThat(seen).containsExactly("--runs", "--modes", "--quick", "--seed");
  }

  @Test
  void errorsNameTheOption() {
    ArgReader missing = new ArgReader(new String[] {"--runs"});
    missing.next();
    assertThatThrownBy(missing::value).hasMessage("--runs needs a value");

    ArgReader followedByOption = new ArgReader(new String[] {"--url", "--quick"});
    followedByOption.next();
    assertThatThrownBy(followedByOption::value).hasMessage("--url needs a value");

    ArgReader outOfRange = new ArgReader(new String[] {"--runs", "0"});
    outOfRange.next();
    assertThatThrownBy(() -> outOfRange.intValue(1, 20)).hasMessage("--runs must be a whole number from 1 to 20, got '0'");

    ArgReader notANumber = new ArgReader(new String[] {"--runs=lots"});
    notANumber.next();
    assertThatThrownBy(() -> notANumber.intValue(1, 20)).hasMessageContaining("--runs must be a whole number");

    ArgReader emptyList = new ArgReader(new String[] {"--queues=, ,"});
    emptyList.next();
    assertThatThrownBy(emptyList::listValue).hasMessage("--queues needs at least one value");

    ArgReader unknown = new ArgReader(new String[] {"--bogus=1"});
    unknown.next();
    assertThat(unknown.unknown()).hasMessage("unknown option '--bogus' (try --help)");
  }
}
