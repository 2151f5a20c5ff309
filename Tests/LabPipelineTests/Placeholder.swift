// Tests for LabPipelineTests land with the issue that builds the stage.
