#!/bin/bash
# topic-switch-back.sh against the real Apache Kafka broker.
SWITCH_ON=real exec bash "$TESTS_DIR/integration/topic-switch-back.sh"
