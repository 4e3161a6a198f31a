package io.orchestrator.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The defaults file: {@code conf/config.json} when present, else the copy packaged in the jar. */
record ConfigFile(JsonObject json, String origin) {
  static final Path DEFAULT_PATH = Path.of("conf", "config.json");
  static final String RESOURCE = "/config.json";

  /** Blocking file I/O: call at start-up, before or outside event loops. */
  static ConfigFile read(Path file) {
    if (file != null && Files.isRegularFile(file)) {
      try {
        return new ConfigFile(parse(Files.readString(file), file.toString()), file.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read configuration file " + file, e);
      }
    }
    try (InputStream in = ConfigFile.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("no configuration file " + file + " and no classpath resource " + RESOURCE);
      }
      String origin = "classpath:" + RESOURCE;
      return new ConfigFile(parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), origin), origin);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read classpath resource " + RESOURCE, e);
    }
  }

  private static JsonObject parse(String text, String origin) {
    try {
      return new JsonObject(text);
    } catch (DecodeException e) {
      throw new IllegalArgumentException(origin + " is not a JSON object: " + e.getMessage(), e);
    }
  }
}
