#!/bin/sh
# Runs once, when the MySQL volume is first initialized (the image's /docker-entrypoint-initdb.d).
# Projection rebuilds replay into a scratch database beside the app's and then move the tables
# across with RENAME TABLE: the app user needs that database too. The audit's verify replays into
# a scratch database of its own ({DB}_verify).
set -eu
mysql -uroot -p"$MYSQL_ROOT_PASSWORD" <<SQL
CREATE DATABASE IF NOT EXISTS \`${MYSQL_DATABASE}_rebuild\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT ALL PRIVILEGES ON \`${MYSQL_DATABASE}_rebuild\`.* TO '${MYSQL_USER}'@'%';
CREATE DATABASE IF NOT EXISTS \`${MYSQL_DATABASE}_verify\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
GRANT ALL PRIVILEGES ON \`${MYSQL_DATABASE}_verify\`.* TO '${MYSQL_USER}'@'%';
SQL
