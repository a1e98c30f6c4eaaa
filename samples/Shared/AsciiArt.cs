namespace MLNetDeep.Samples;

using System.Text;

/// <summary>Grey images as text: one character per (block of) pixels, from a 10-step ramp, light to dark ink.</summary>
public static class AsciiArt
{
    /// <summary>The grey ramp, from 0 (background) to 1 (full ink).</summary>
    public const string Ramp = " .:-=+*#%@";

    /// <summary>
    /// Renders a row-major <paramref name="width"/> x <paramref name="height"/> image with values in [0, 1], averaging
    /// <paramref name="block"/> x <paramref name="block"/> pixels per character (1: full size; 2: 28 x 28 becomes 14 x 14).
    /// Returns height/block lines of width/block characters each.
    /// </summary>
    public static string[] Render(ReadOnlySpan<float> pixels, int width, int height, int block = 1)
    {
        if (block < 1 || width % block != 0 || height % block != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(block), block, $"The block must be at least 1 and divide {width} x {height}.");
        }

        if (pixels.Length != width * height)
        {
            throw new ArgumentException($"A {width} x {height} image has {width * height} pixels; got {pixels.Length}.", nameof(pixels));
        }

        var lines = new string[height / block];
        var sb = new StringBuilder(width / block);
        for (int by = 0; by < height / block; by++)
        {
            sb.Clear();
            for (int bx = 0; bx < width / block; bx++)
            {
                double sum = 0;
                for (int y = by * block; y < (by + 1) * block; y++)
                {
                    for (int x = bx * block; x < (bx + 1) * block; x++)
                    {
                        sum += pixels[(y * width) + x];
                    }
                }

                double v = Math.Clamp(sum / (block * block), 0, 1);
                sb.Append(Ramp[Math.Min(Ramp.Length - 1, (int)(v * Ramp.Length))]);
            }

            lines[by] = sb.ToString();
        }

        return lines;
    }
}
