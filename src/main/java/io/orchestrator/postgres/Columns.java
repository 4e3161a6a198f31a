package io.orchestrator.postgres;

import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.List;

/**
 * The positions of one result's columns, found by name once per result: {@code row.getX("name")}
 * searches the row's column names on every call, which for the wide rows of a start or a report
 * batch was ~2 % of a durable coordinator's CPU (docs/performance.md, ninth round).
 */
final class Columns {
  private final List<String> names;

  Columns(RowSet<Row> rows) {
    this.names = rows.columnsNames();
  }

  /** The column's position; a result without it is a programming error. */
  int of(String name) {
    int position = names.indexOf(name);
    if (position < 0) {
      throw new IllegalStateException("the result has no column '" + name + "': " + names);
    }
    return position;
  }
}
