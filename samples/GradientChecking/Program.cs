using MLNetDeep.Samples.GradientChecking;

GradientCheckingResult result = GradientCheckingExperiment.Run(GradientCheckingExperiment.DefaultData());
GradientCheckingExperiment.Print(result, args);
