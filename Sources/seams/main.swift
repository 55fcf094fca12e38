import SeamsCLI

await SeamsCommand.runAndExit()
