// Tests for SignalQualityTests land with the issue that builds the stage.
