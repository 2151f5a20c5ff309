// Tests for EModelTests land with the issue that builds the stage.
