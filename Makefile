# Workflow orchestrator: the commands a newcomer needs. See README.md.
JAR := target/workflow-orchestrator.jar
JAVA ?= java
MVN ?= mvn
DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/workflow_orchestrator
REDIS_URL_DEFAULT := redis://127.0.0.1:6379/0

.PHONY: build run test demo db-init db-demo docker-up docker-db-only bench bench-quick chaos chaos-short clean

build: $(JAR)

$(JAR): pom.xml $(shell find src/main -type f 2>/dev/null)
	$(MVN) -B -q -DskipTests package

## run: the coordinator on :8000, in memory, with 4 local workers
run: $(JAR)
	$(JAVA) -jar $(JAR) coordinator --local-workers 4

## test: unit and integration tests (needs PostgreSQL and Redis on 127.0.0.1, see README)
test:
	$(MVN) -B verify

## demo: starts an in-memory coordinator with 4 workers, submits examples/etl.json, follows it live
## (to use a coordinator already running on :8000: java -jar target/workflow-orchestrator.jar demo)
demo: $(JAR)
	$(JAVA) -jar $(JAR) demo --embedded

## db-init: create or upgrade the schema of $(DATABASE_URL)
db-init: $(JAR)
	DATABASE_URL=$(DATABASE_URL) $(JAVA) -jar $(JAR) migrate --create-database

clean:
	$(MVN) -B -q clean

## db-demo: the demo against PostgreSQL ($(DATABASE_URL)) and Redis when REDIS_URL is set, with audit trail and analytics
db-demo: $(JAR)
	DATABASE_URL=$(DATABASE_URL) $(JAVA) -jar $(JAR) migrate --create-database
	DATABASE_URL=$(DATABASE_URL) REDIS_URL=$(REDIS_URL) $(JAVA) -jar $(JAR) demo --embedded --audit

## chaos: 3 coordinators + 6 worker processes over PostgreSQL and Redis on loopback, 500 workflows,
## 11 faults (kill -9, SIGSTOP past the lease, FLUSHDB, pg_terminate_backend), then consistency checks (<= 5 min)
chaos: $(JAR)
	$(JAVA) -jar $(JAR) chaos

## chaos-short: the CI form: 100 workflows, one fault of each kind (about 1 minute)
chaos-short: $(JAR)
	$(JAVA) -jar $(JAR) chaos --short
