import LabCommands

MOSLabCommand.mainWithExitCodes()
