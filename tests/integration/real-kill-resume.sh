#!/bin/bash
# kill-resume.sh against the real Apache Kafka broker.
KILL_RESUME_ON=real exec bash "$TESTS_DIR/integration/kill-resume.sh"
