// Playout: see ../../shared/ARCHITECTURE.md. Sources land with the issues that build this stage.
