#!/bin/bash
# transform.sh against the real Apache Kafka broker.
TRANSFORM_ON=real exec bash "$TESTS_DIR/integration/transform.sh"
