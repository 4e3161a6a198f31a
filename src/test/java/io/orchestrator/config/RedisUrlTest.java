package io.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisUrlTest {

  @Test
  void parsesHostPortDbAndPassword() {
    RedisUrl url = RedisUrl.parse("redis://:s3cret@cache.internal:6380/2");

    assertThat(url.tls()).isFalse();
    assertThat(url.host()).isEqualTo("cache.internal");
    assertThat(url.port()).isEqualTo(6380);
    assertThat(url.db()).isEqualTo(2);
    assertThat(url.user()).isNull();
    assertThat(url.password()).isEqualTo("s3cret");
    assertThat(url.endpoint()).isEqualTo("redis://cache.internal:6380/2");
  }

  @Test
  void appliesDefaults() {
    RedisUrl url = RedisUrl.parse("redis://localhost");

    assertThat(url.port()).isEqualTo(6379);
    assertThat(url.db()).isZero();
    assertThat(url.password()).isNull();
    assertThat(RedisUrl.parse("redis://localhost/").db()).isZero();
  }

  @Test
  void acceptsTlsUsersAndIpv6() {
    RedisUrl tls = RedisUrl.parse("rediss://app:p%40ss@10.0.0.5:6390/1");
    RedisUrl ipv6 = RedisUrl.parse("redis://[::1]:6379");

    assertThat(tls.tls()).isTrue();
    assertThat(tls.user()).isEqualTo("app");
    assertThat(tls.password()).isEqualTo("p@ss");
    assertThat(tls.endpoint()).isEqualTo("rediss://10.0.0.5:6390/1");
    assertThat(ipv6.host()).isEqualTo("::1");
    assertThat(ipv6.endpoint()).isEqualTo("redis://[::1]:6379/0");
  }

  @Test
  void aLonePasswordIsAPassword() {
    assertThat(RedisUrl.parse("redis://s3cret@host").password()).isEqualTo("s3cret");
  }

  @Test
  void neverShowsThePassword() {
    assertThat(RedisUrl.parse("redis://:s3cret@host:6379/2").toString())
        .isEqualTo("redis://:***@host:6379/2").doesNotContain("s3cret");
    assertThat(RedisUrl.parse("rediss://app:s3cret@host").toString()).isEqualTo("rediss://app:***@host:6379/0");
    assertThat(RedisUrl.parse("redis://host").toString()).isEqualTo("redis://host:6379/0");
  }

  @Test
  void rejectsBadUrlsClearlyWithoutEchoingThePassword() {
    assertThatThrownBy(() -> RedisUrl.parse(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisUrl.parse(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisUrl.parse("http://:s3cret@host"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redis://")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> RedisUrl.parse("redis://:s3cret@host:6379/abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("database number")
        .hasMessageNotContaining("s3cret");
    assertThatThrownBy(() -> RedisUrl.parse("redis://host:99999"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisUrl.parse("redis://:pw@"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("pw@");
    assertThatThrownBy(() -> RedisUrl.parse("localhost:6379"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisUrl.parse("redis://host/0?ssl=true"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
