namespace MLNetDeep.Samples.Tests;

using MLNetDeep.Samples.Signs;

/// <summary>The Signs network on real Fashion-MNIST (skipped, naming the package, when the data is absent) and the ASCII rendering.</summary>
[TestClass]
public sealed class SignsTests
{
    [TestMethod]
    [TestCategory("Slow")]
    public void Signs_OnFashionMnistSubset_FitsTrainingSetAndGeneralizes()
    {
        if (!FashionMnist.IsAvailable())
        {
            Assert.Inconclusive($"Fashion-MNIST is not under {FashionMnist.DefaultFolder}: apt-get install {FashionMnist.Package}");
        }

        // The sample's defaults: 3000 training images, all 10,000 test images, 500 epochs of Adam at 0.0001, batches of 32.
        var settings = new SignsSettings();
        SignsResult result = SignsExperiment.Run(settings);
        string row = $"train {result.Row.TrainAccuracy:P2}, test {result.Row.TestAccuracy:P2}";

        Assert.AreEqual(3000, result.TrainCount);
        Assert.AreEqual(10000, result.TestCount);
        // Measured 2026-11-22: train 99.9 %, test 81.5 %.
        Assert.IsGreaterThanOrEqualTo(0.97, result.Row.TrainAccuracy, row);
        Assert.IsGreaterThanOrEqualTo(0.78, result.Row.TestAccuracy, row);
        CollectionAssert.AreEqual(new[] { 0, 100, 200, 300, 400, 499 }, result.Costs.Select(c => c.Epoch).ToArray());
        Assert.IsLessThanOrEqualTo(result.Costs[0].Cost / 10, result.Costs[^1].Cost, "the cost falls more than tenfold");

        Assert.HasCount(4, result.Examples);
        foreach (ImageExample e in result.Examples)
        {
            Assert.HasCount(28, e.Lines);
            Assert.IsTrue(e.Lines.All(l => l.Length == 28 && l.All(AsciiArt.Ramp.Contains)), string.Join("\n", e.Lines));
            Assert.IsTrue(e.Lines.Any(l => l.Trim().Length > 0), "an image has ink");
            CollectionAssert.Contains(FashionMnist.ClassNames.ToArray(), e.Predicted);
            CollectionAssert.Contains(FashionMnist.ClassNames.ToArray(), e.Actual);
        }

        string printed = ConsoleCapture.Run(() => SignsExperiment.Print(result, settings, []));
        StringAssert.Contains(printed, "Cost after epoch 100: ");
        StringAssert.Contains(printed, $"Test image 0: predicted {result.Examples[0].Predicted}, true {result.Examples[0].Actual}");
    }

    [TestMethod]
    public void AsciiArt_RendersFullAndDownsampledShapesWithTheRamp()
    {
        // A 28 x 28 image: left half black (0), right half white (1), one mid-grey pixel block at the top left.
        var pixels = new float[28 * 28];
        for (int y = 0; y < 28; y++)
        {
            for (int x = 14; x < 28; x++)
            {
                pixels[(y * 28) + x] = 1f;
            }
        }

        pixels[0] = pixels[1] = pixels[28] = pixels[29] = 0.5f;
        string[] full = AsciiArt.Render(pixels, 28, 28);
        Assert.HasCount(28, full);
        Assert.IsTrue(full.All(l => l.Length == 28));
        Assert.AreEqual(new string(' ', 14) + new string('@', 14), full[5]);
        Assert.AreEqual(AsciiArt.Ramp[5], full[0][0], "0.5 is the middle of the ten-step ramp");

        string[] half = AsciiArt.Render(pixels, 28, 28, block: 2);
        Assert.HasCount(14, half);
        Assert.IsTrue(half.All(l => l.Length == 14));
        Assert.AreEqual(AsciiArt.Ramp[5], half[0][0], "the 2 x 2 block averages to 0.5");
        Assert.AreEqual(new string(' ', 7) + new string('@', 7), half[13]);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => AsciiArt.Render(pixels, 28, 28, block: 3));
    }
}
