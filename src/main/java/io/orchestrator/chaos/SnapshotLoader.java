package io.orchestrator.chaos;

import io.orchestrator.chaos.Snapshot.AssignmentRow;
import io.orchestrator.chaos.Snapshot.EventRow;
import io.orchestrator.chaos.Snapshot.JobRow;
import io.orchestrator.chaos.Snapshot.WorkflowRow;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Reads the tables the checks need, in one REPEATABLE READ transaction so that they agree. */
final class SnapshotLoader {
  private SnapshotLoader() {}

  static Snapshot load(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
    connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    try (Statement s = connection.createStatement()) {
      List<WorkflowRow> workflows = new ArrayList<>();
      try (ResultSet rows = s.executeQuery("SELECT id, name, state FROM workflows")) {
        while (rows.next()) {
          workflows.add(new WorkflowRow(uuid(rows, 1), rows.getString(2), rows.getString(3)));
        }
      }
      List<JobRow> jobs = new ArrayList<>();
      try (ResultSet rows = s.executeQuery("SELECT id, workflow_id, name, type, state, attempt, depends_on,"
          + " CASE WHEN type = 'echo' AND jsonb_typeof(result -> 'inputs') = 'object'"
          + " THEN ARRAY(SELECT jsonb_object_keys(result -> 'inputs')) END FROM jobs")) {
        while (rows.next()) {
          jobs.add(new JobRow(uuid(rows, 1), uuid(rows, 2), rows.getString(3), rows.getString(4), rows.getString(5),
              rows.getInt(6), texts(rows.getArray(7)), rows.getArray(8) == null ? null : texts(rows.getArray(8))));
        }
      }
      List<AssignmentRow> assignments = new ArrayList<>();
      try (ResultSet rows = s.executeQuery("SELECT job_id, attempt, worker_id, coordinator_id, outcome FROM job_assignments")) {
        while (rows.next()) {
          assignments.add(new AssignmentRow(uuid(rows, 1), rows.getInt(2), rows.getString(3), rows.getString(4),
              rows.getString(5)));
        }
      }
      List<EventRow> events = new ArrayList<>();
      try (ResultSet rows = s.executeQuery("SELECT seq, workflow_id, job_id, kind, from_state, to_state, attempt,"
          + " worker_id, coordinator_id FROM workflow_events ORDER BY seq")) {
        while (rows.next()) {
          events.add(new EventRow(rows.getLong(1), uuid(rows, 2), uuid(rows, 3), rows.getString(4), rows.getString(5),
              rows.getString(6), (Integer) rows.getObject(7), rows.getString(8), rows.getString(9)));
        }
      }
      connection.commit();
      return new Snapshot(workflows, jobs, assignments, events);
    } catch (SQLException e) {
      connection.rollback();
      throw e;
    }
  }

  private static UUID uuid(ResultSet rows, int column) throws SQLException {
    return rows.getObject(column, UUID.class);
  }

  private static List<String> texts(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
