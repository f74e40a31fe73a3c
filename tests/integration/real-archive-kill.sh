#!/bin/bash
# archive-kill.sh against the real Apache Kafka broker.
ARCHIVE_ON=real exec bash "$TESTS_DIR/integration/archive-kill.sh"
