package io.orchestrator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class JsonBytesTest {
  @Test
  void writesUuidsAsTheirTextInLowerCase() {
    List<UUID> ids = new ArrayList<>(List.of(new UUID(0, 0), new UUID(-1, -1),
        UUID.fromString("01A21B95-AEEB-7000-96EA-A141D05EE42C"), new UUID(Long.MIN_VALUE, Long.MAX_VALUE)));
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2_000; i++) {
      ids.add(new UUID(random.nextLong(), random.nextLong()));
    }
    ids.add(Ids.next());

    String json = JsonBytes.text(out -> {
      out.writeStartArray();
      for (UUID id : ids) {
        JsonBytes.writeUuid(out, id);
      }
      JsonBytes.writeUuid(out, null);
      out.writeEndArray();
    });

    JsonArray written = new JsonArray(json);
    assertThat(written.size()).isEqualTo(ids.size() + 1);
    for (int i = 0; i < ids.size(); i++) {
      assertThat(written.getString(i)).isEqualTo(ids.get(i).toString());
    }
    assertThat(written.getValue(ids.size())).isNull();
  }
}
