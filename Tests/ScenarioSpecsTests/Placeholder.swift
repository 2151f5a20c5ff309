// Tests for ScenarioSpecsTests land with the issue that builds the stage.
