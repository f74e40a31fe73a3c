#!/bin/bash
# health-second-member.sh against the real Apache Kafka broker.
SECOND_ON=real exec bash "$TESTS_DIR/tui/health-second-member.sh"
