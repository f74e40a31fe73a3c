#!/bin/bash
# embedded-no-backlog.sh by a kticker given --broker to another kticker's embedded cluster.
NO_BACKLOG_ON=second exec bash "$TESTS_DIR/integration/embedded-no-backlog.sh"
