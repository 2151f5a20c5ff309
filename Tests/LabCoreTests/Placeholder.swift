// Tests for LabCoreTests land with the issue that builds the stage.
