# The orchestrator image: one jar, subcommand chosen by CMD (coordinator by default; worker,
# migrate, demo, bench work too). Build: docker build -t workflow-orchestrator .

# ---- build: Maven + JDK 17 -------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# Dependencies first, in their own layer: it is rebuilt only when pom.xml changes.
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
# The same command the README and the Makefile use. examples/ is packaged into the jar.
COPY src ./src
COPY examples ./examples
RUN mvn -B -DskipTests package

# ---- runtime: JRE 17 -------------------------------------------------------------------------
FROM eclipse-temurin:17-jre
# curl only for the HEALTHCHECK below; installed explicitly rather than trusting the base image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin orchestrator
WORKDIR /app
# conf/config.json is read from the working directory (environment variables override it).
COPY --from=build /src/target/workflow-orchestrator.jar /app/workflow-orchestrator.jar
COPY conf /app/conf
USER orchestrator
EXPOSE 8000
# Liveness of the coordinator's HTTP server; readiness (PostgreSQL, Redis) is /health/ready.
# Containers running `worker` or `migrate` serve no HTTP: disable the check for them
# (docker run --no-healthcheck, or `healthcheck: disable: true` as docker-compose.yml does).
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${HTTP_PORT:-8000}/health/live" || exit 1
# A small, bounded heap, the serial collector and C1 only: sized for a few cores shared with other
# services (see docs/operations.md, "JVM sizing", for the measurements and when to change it).
# Override with -e JAVA_TOOL_OPTIONS=...
ENV JAVA_TOOL_OPTIONS="-Xms64m -Xmx512m -XX:+UseSerialGC -XX:MaxTenuringThreshold=1 -XX:TieredStopAtLevel=1"
ENTRYPOINT ["java", "-jar", "/app/workflow-orchestrator.jar"]
CMD ["coordinator"]
