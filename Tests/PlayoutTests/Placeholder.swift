// Tests for PlayoutTests land with the issue that builds the stage.
