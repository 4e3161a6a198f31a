package io.orchestrator.worker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static io.orchestrator.worker.BuiltinHandlersTest.argv;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class ShellHandlerTest {
  private final JobHandler shell = BuiltinHandlers.register(new HandlerRegistry(), true).get("shell");

  private JobContext ctx(Vertx vertx, JsonObject payload) {
    return BuiltinHandlersTest.ctx(vertx, "shell", payload, 1);
  }

  @Test
  void isNotRegisteredUnlessAllowed() {
    assertThat(BuiltinHandlers.register(new HandlerRegistry(), false).has("shell")).isFalse();
  }

  @Test
  void runsArgvWithoutAShellAndCapturesOutput(Vertx vertx) throws Exception {
    // "$X; rm" would be interpreted by a shell; as argv it is one literal argument.
    JsonObject payload = new JsonObject().put("command", argv("sh", "-c", "echo \"$GREETING\" \"$1\"; echo err >&2", "sh", "$X; rm"))
        .put("env", new JsonObject().put("GREETING", "hi")).put("cwd", "/tmp");
    JsonObject result = Await.result(JobRunner.invoke(shell, ctx(vertx, payload)));
    assertThat(result.getInteger("exit_code")).isZero();
    assertThat(result.getString("stdout")).isEqualTo("hi $X; rm\n");
    assertThat(result.getString("stderr")).isEqualTo("err\n");
  }

  @Test
  void nonZeroExitFails(Vertx vertx) throws Exception {
    JobFailure e = (JobFailure) Await.failure(JobRunner.invoke(shell,
        ctx(vertx, new JsonObject().put("command", argv("sh", "-c", "echo bad >&2; exit 3")))));
    assertThat(e).hasMessageContaining("exit code 3").hasMessageContaining("bad");
  }

  @Test
  void commandMustBeAnArgvArray(Vertx vertx) throws Exception {
    JobFailure e = (JobFailure) Await.failure(JobRunner.invoke(shell,
        ctx(vertx, new JsonObject().put("command", "echo hi"))));
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void cancelKillsTheProcess(Vertx vertx) throws Exception {
    JobContext ctx = ctx(vertx, new JsonObject().put("command", argv("sleep", "600")));
    Future<JsonObject> result = JobRunner.invoke(shell, ctx);
    Thread.sleep(200); // let the process start; the test passes either way, it only must not hang
    ctx.cancel("test");
    assertThat(Await.failure(result)).isInstanceOf(JobFailure.class);
  }

  @Test
  void timeoutKillsTheProcess(Vertx vertx) throws Exception {
    JobFailure e = (JobFailure) Await.failure(JobRunner.invoke(shell,
        ctx(vertx, new JsonObject().put("command", argv("sleep", "600")).put("timeout_ms", 100))));
    assertThat(e).hasMessageContaining("timed out");
    assertThat(e.retryable()).isTrue();
  }
}
