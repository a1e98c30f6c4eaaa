using MLNetDeep.Samples.QuickStart;

// Usage, from the repository root: dotnet run -c Release --project samples/QuickStart -- [data/spiral-train.csv] [spirals.zip]
QuickStartProgram.Run(args.Length > 0 ? args[0] : "data/spiral-train.csv", args.Length > 1 ? args[1] : "spirals.zip");
