import LabCommands

MOSLabCommand.main()
