// Tests for CLITests land with the issue that builds the stage.
