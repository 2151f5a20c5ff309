// Tests for SpeechCodecsTests land with the issue that builds the stage.
