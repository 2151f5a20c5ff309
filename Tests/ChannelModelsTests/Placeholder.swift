// Tests for ChannelModelsTests land with the issue that builds the stage.
