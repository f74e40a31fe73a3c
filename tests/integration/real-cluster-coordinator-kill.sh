#!/bin/bash
# real-cluster-broker-down.sh with the group's coordinator killed: while it moves, the health
# line names it and the rows a live broker leads stay current; once it has moved, as there.
KILL=coordinator exec bash "$TESTS_DIR/integration/real-cluster-broker-down.sh"
