package io.orchestrator.worker;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkerOptionsTest {
  private static WorkerOptions parse(Map<String, String> env, String... args) {
    return WorkerOptions.parse(args, env);
  }

  @Test
  void defaults() {
    WorkerOptions o = parse(Map.of("HOSTNAME", "box"), "--url", "ws://h:8000");
    assertThat(o.urls()).containsExactly("ws://h:8000/api/v1/workers/connect");
    assertThat(o.queues()).containsExactly("default");
    assertThat(o.concurrency()).isEqualTo(4);
    assertThat(o.types()).isEmpty();
    assertThat(o.token()).isNull();
    assertThat(o.name()).isEqualTo("box-" + ProcessHandle.current().pid());
    assertThat(o.allowShell()).isFalse();
    assertThat(o.drainTimeoutMs()).isEqualTo(30_000);
  }

  @Test
  void everyOption() {
    WorkerOptions o = parse(Map.of("WORKER_TOKEN", "from-env"), "--url=ws://a:1/,wss://b:2/custom/path",
        "--queues", "q1, q2", "--concurrency", "8", "--types", "echo,sleep", "--token", "t",
        "--name", "w1", "--allow-shell", "--drain-timeout-ms", "500");
    assertThat(o.urls()).containsExactly("ws://a:1/api/v1/workers/connect", "wss://b:2/custom/path");
    assertThat(o.queues()).containsExactly("q1", "q2");
    assertThat(o.concurrency()).isEqualTo(8);
    assertThat(o.types()).containsExactly("echo", "sleep");
    assertThat(o.token()).isEqualTo("t");
    assertThat(o.name()).isEqualTo("w1");
    assertThat(o.allowShell()).isTrue();
    assertThat(o.drainTimeoutMs()).isEqualTo(500);
  }

  @Test
  void tokenDefaultsToTheEnvironment() {
    assertThat(parse(Map.of("WORKER_TOKEN", "secret"), "--url", "ws://h").token()).isEqualTo("secret");
  }

  @Test
  void help() {
    assertThat(parse(Map.of(), "--help").help()).isTrue();
    assertThat(WorkerOptions.usage()).contains("--url", "--queues", "--concurrency", "--types", "--token",
        "--name", "--allow-shell", "--help");
  }

  @Test
  void badArgumentsSayWhatIsWrong() {
    assertThatThrownBy(() -> parse(Map.of())).hasMessageContaining("--url is required");
    assertThatThrownBy(() -> parse(Map.of(), "--url", "http://h:8000")).hasMessageContaining("ws://");
    assertThatThrownBy(() -> parse(Map.of(), "--url", "ws://h", "--concurrency", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--concurrency");
    assertThatThrownBy(() -> parse(Map.of(), "--url", "ws://h", "--concurrency", "lots"))
        .hasMessageContaining("whole number");
    assertThatThrownBy(() -> parse(Map.of(), "--url")).hasMessageContaining("--url needs a value");
    assertThatThrownBy(() -> parse(Map.of(), "--url", "ws://h", "--bogus")).hasMessageContaining("unknown option '--bogus'");
    assertThatThrownBy(() -> parse(Map.of(), "--url", "ws://h", "--queues", ",")).hasMessageContaining("--queues");
  }

  @Test
  void libraryOptionsNormaliseUrls() {
    assertThat(WorkerOptions.of(List.of("ws://h:8000"), "n", null).urls())
        .containsExactly("ws://h:8000/api/v1/workers/connect");
  }

  @Test
  void mainExitsWithTwoOnBadArgumentsAndZeroOnHelp() {
    assertThat(WorkerMain.run(new String[] {"--bogus"})).isEqualTo(2);
    assertThat(WorkerMain.run(new String[] {"--url", "ws://h", "--types", "shell"})).isEqualTo(2);
    assertThat(WorkerMain.run(new String[] {"--help"})).isZero();
  }
}
