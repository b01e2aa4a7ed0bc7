"""Stage 5, checks: the manuscript linted before a build, and the built files validated as
readers' and printers' tools would."""
