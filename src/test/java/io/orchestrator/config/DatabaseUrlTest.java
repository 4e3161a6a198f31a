package io.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void parsesTheThreeSchemes() {
    for (String scheme : new String[] {"postgresql", "postgres", "postgresql+psycopg"}) {
      DatabaseUrl url = DatabaseUrl.parse(scheme + "://app:s3cret@db.example:6543/orders");
      assertThat(url.user()).isEqualTo("app");
      assertThat(url.password()).isEqualTo("s3cret");
      assertThat(url.host()).isEqualTo("db.example");
      assertThat(url.port()).isEqualTo(6543);
      assertThat(url.database()).isEqualTo("orders");
      assertThat(url.sslMode()).isNull();
    }
  }

  @Test
  void defaultsThePortAndAllowsNoPassword() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://postgres@127.0.0.1/test");
    assertThat(url.port()).isEqualTo(5432);
    assertThat(url.password()).isNull();
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
  }

  @Test
  void decodesPercentEncodedCredentialsAndReadsSslMode() {
    DatabaseUrl url = DatabaseUrl.parse("postgres://us%40er:p%3Aa%2Fss+w@host/db?sslmode=require&application_name=x");
    assertThat(url.user()).isEqualTo("us@er");
    assertThat(url.password()).isEqualTo("p:a/ss+w");
    assertThat(url.sslMode()).isEqualTo("require");
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://host:5432/db?sslmode=require");
    PgConnectOptions options = url.connectOptions();
    assertThat(options.getSslMode()).isEqualTo(SslMode.REQUIRE);
    assertThat(options.getPassword()).isEqualTo("p:a/ss+w");
    assertThat(options.getDatabase()).isEqualTo("db");
  }

  @Test
  void acceptsIpv6Hosts() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://u:p@[::1]:5433/db");
    assertThat(url.host()).isEqualTo("::1");
    assertThat(url.port()).isEqualTo(5433);
    assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/db");
  }

  @Test
  void toStringMasksThePassword() {
    DatabaseUrl url = DatabaseUrl.parse("postgresql://app:s3cret@db:5432/orders");
    assertThat(url.toString()).doesNotContain("s3cret").contains("app:****@db:5432/orders");
    assertThat(url.where()).isEqualTo("db:5432/orders");
  }

  @Test
  void rejectsBadUrlsWithClearMessages() {
    assertThatThrownBy(() -> DatabaseUrl.parse(null)).hasMessageContaining("empty");
    assertThatThrownBy(() -> DatabaseUrl.parse("mysql://u:p@h/db")).hasMessageContaining("unsupported database URL scheme 'mysql'");
    assertThatThrownBy(() -> DatabaseUrl.parse("just-text")).hasMessageContaining("must start with");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:p@h:port/db")).hasMessageContaining("port is not a number");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:p@h:70000/db")).hasMessageContaining("out of range");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:p@h:5432")).hasMessageContaining("no database");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:p@:5432/db")).hasMessageContaining("no host");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://h/db")).hasMessageContaining("no user");
    assertThatThrownBy(() -> DatabaseUrl.parse("postgresql://u:topsecret@h/db?sslmode=bogus"))
        .hasMessageContaining("sslmode 'bogus'").hasMessageNotContaining("topsecret");
  }
}
