package io.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class CanonicalTest {

  @Test
  void theSharedEmptyObjectRefusesChangesAndItsCopiesAreOrdinary() {
    assertThatThrownBy(() -> Canonical.EMPTY_OBJECT.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    JsonObject copy = Canonical.EMPTY_OBJECT.copy();
    copy.put("x", 1);
    assertThat(copy.encode()).isEqualTo("{\"x\":1}");
    assertThat(Canonical.EMPTY_OBJECT.encode()).isEqualTo("{}");
  }

  @Test
  void emptyObjectsBecomeTheSharedOneAndOthersStayThemselves() {
    JsonObject full = new JsonObject().put("a", 1);
    assertThat(Canonical.object(new JsonObject())).isSameAs(Canonical.EMPTY_OBJECT);
    assertThat(Canonical.object(full)).isSameAs(full);
    assertThat(Canonical.object(null)).isNull();
    assertThat(Canonical.copyOf(new JsonObject())).isSameAs(Canonical.EMPTY_OBJECT);
    assertThat(Canonical.copyOf(full)).isEqualTo(full).isNotSameAs(full);
    assertThat(Canonical.copyOf(null)).isNull();
  }

  @Test
  void equalStringsShareOneInstance() {
    String first = new String("canonical-test-type");
    String second = new String("canonical-test-type");
    assertThat(Canonical.string(first)).isSameAs(Canonical.string(second)).isEqualTo("canonical-test-type");
    assertThat(Canonical.string(null)).isNull();
  }

  @Test
  void aStreamOfNamesThatNeverRepeatDoesNotStopSharing() {
    for (int i = 0; i <= Canonical.MAX_STRINGS; i++) {
      Canonical.string("unique-" + i);
    }
    String first = new String("canonical-test-after-many");
    assertThat(Canonical.string(new String("canonical-test-after-many"))).isSameAs(Canonical.string(first));
  }

  @Test
  void parsedWorkflowsShareWhatTheyRepeat() {
    WorkflowParser parser = new WorkflowParser(Limits.DEFAULTS);
    JsonObject body = new JsonObject().put("name", "nightly")
        .put("jobs", new JsonArray(List.of(new JsonObject().put("name", "a").put("type", "echo"))));
    WorkflowSpec one = parser.parse(body.copy());
    WorkflowSpec two = parser.parse(body.copy());

    assertThat(two.name()).isSameAs(one.name());
    JobSpec a1 = one.jobs().get(0);
    JobSpec a2 = two.jobs().get(0);
    assertThat(a2.name()).isSameAs(a1.name());
    assertThat(a2.type()).isSameAs(a1.type());
    assertThat(a2.queue()).isSameAs(a1.queue());
    assertThat(a1.payload()).isSameAs(Canonical.EMPTY_OBJECT);
    assertThat(one.labels()).isSameAs(Canonical.EMPTY_OBJECT);
    assertThat(a1.retry()).isSameAs(RetryPolicy.NONE);
  }
}
