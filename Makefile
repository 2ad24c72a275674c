# EventChat developer tasks. `make` alone prints this list.
# Local services (MariaDB, Redis, s3rver) live under .local/ and are started by
# scripts/services.sh without systemd or Docker; settings come from .env
# (created from .env.example when missing; real environment variables win).

SHELL := /bin/bash
.DEFAULT_GOAL := help

# EventChat.sln, or EventChat.slnx when only that exists.
SOLUTION ?= $(firstword $(wildcard EventChat.sln EventChat.slnx) EventChat.sln)
WITH_ENV := scripts/with-env.sh
# Extra arguments: make test TEST_ARGS='--filter FullyQualifiedName~Rooms'
TEST_ARGS ?=
BENCH_ARGS ?=

export DOTNET_NOLOGO := 1
export DOTNET_CLI_TELEMETRY_OPTOUT := 1

.PHONY: help services status run test bench-store bench-api bench-messages bench-realtime backup restore stop format clean-data

help:
	@echo 'EventChat: make TARGET'
	@echo '  services     start MariaDB, Redis and s3rver under .local/ (installs what is missing)'
	@echo '  status       one line per local service'
	@echo '  run          services, then the API and the web client at /app/ (dotnet run --project src/Api) with .env'
	@echo '  test         services (and chromium), then build and test $(SOLUTION); ends with "N passed, N failed, N skipped"'
	@echo '  bench-store  services, then the event store benchmark (Release); BENCH_ARGS=--quick for a smoke run'
	@echo '  bench-api    services, then the API read benchmark against the Api built in Release'
	@echo '  bench-messages services, then the messaging benchmark (sends through the Api, projection lag, the store alone)'
	@echo '  bench-realtime services, then the SignalR push benchmark (two Api processes built in Release)'
	@echo '  backup       services, then a backup now (event store + files) into BACKUP_DIR, without the Api'
	@echo '  restore      BACKUP=<id|folder>: restore into an empty DB_NAME and bucket, rebuild every projection (docs/operations.md)'
	@echo '  stop         stop the local services'
	@echo '  format       dotnet format --verify-no-changes'
	@echo '  clean-data   stop, then delete .local/ (all local data)'

services:
	@scripts/services.sh start

status:
	@scripts/services.sh status

run: services
	@$(WITH_ENV) bash -c 'echo "EventChat: the web client will be at http://localhost:$${PORT:-3000}/app/ (the API at http://localhost:$${PORT:-3000}/$${API_PREFIX:-api})"'
	$(WITH_ENV) dotnet run --project src/Api

# The web client's browser tests drive Debian's chromium (installed when missing).
test: services
	@scripts/install-chromium.sh
	@SOLUTION='$(SOLUTION)' $(WITH_ENV) scripts/run-tests.sh $(TEST_ARGS)

bench-store: services
	$(WITH_ENV) dotnet run -c Release --project bench/EventChat.Bench.EventStore $(if $(BENCH_ARGS),-- $(BENCH_ARGS))

# The bench starts src/Api/bin/Release/net10.0/EventChat.Api.dll as a child process, so build it first.
bench-api: services
	dotnet build -c Release src/Api --nologo -v quiet
	$(WITH_ENV) dotnet run -c Release --project bench/EventChat.Bench.Api $(if $(BENCH_ARGS),-- $(BENCH_ARGS))

bench-messages: services
	dotnet build -c Release src/Api --nologo -v quiet
	$(WITH_ENV) dotnet run -c Release --project bench/EventChat.Bench.Messages $(if $(BENCH_ARGS),-- $(BENCH_ARGS))

# Two Api processes (the Release build) as child processes; see docs/realtime.md.
bench-realtime: services
	dotnet build -c Release src/Api --nologo -v quiet
	$(WITH_ENV) dotnet run -c Release --project bench/EventChat.Bench.Realtime $(if $(BENCH_ARGS),-- $(BENCH_ARGS))

# Backups and restores run the projections worker's commands (docs/operations.md).
backup: services
	$(WITH_ENV) dotnet run --project src/Projections -- backup

restore: services
	@if [[ -z '$(BACKUP)' ]]; then echo 'usage: make restore BACKUP=<backup id in BACKUP_DIR, or a backup folder>'; exit 2; fi
	$(WITH_ENV) dotnet run --project src/Projections -- restore '$(BACKUP)'

stop:
	@scripts/services.sh stop

format:
	dotnet format $(SOLUTION) --verify-no-changes

clean-data: stop
	rm -rf .local
