// Tests for AudioIOTests land with the issue that builds the stage.
