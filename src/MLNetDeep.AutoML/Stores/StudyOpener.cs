namespace MLNetDeep.AutoML.Stores;

/// <summary>
/// <see cref="ITrialStore.OpenStudy"/> as every store does it, over the store's own reads and writes: open the study
/// when it matches, refuse or fork it when it does not, create it when absent, and fill in what an older version did
/// not record (data fingerprint, seed, tuner) so that later runs are checked against it.
/// </summary>
internal static class StudyOpener
{
    /// <param name="requested">The study the experiment asks for.</param>
    /// <param name="forkOnMismatch">Open <see cref="StudyDefinition.ForkName"/> instead of refusing a mismatch.</param>
    /// <param name="read">Reads a study by name (null when absent).</param>
    /// <param name="insert">Creates a study unless one of its name exists, and returns the stored one.</param>
    /// <param name="complete">Writes the fields an existing study lacked.</param>
    public static StudyDefinition Open(StudyDefinition requested, bool forkOnMismatch, Func<string, StudyDefinition?> read,
        Func<StudyDefinition, StudyDefinition> insert, Action<StudyDefinition> complete)
    {
        ArgumentNullException.ThrowIfNull(requested);
        StudyDefinition? existing = read(requested.Name);
        if (existing is not null && existing.Differences(requested).Count > 0)
        {
            if (!forkOnMismatch)
            {
                throw StudyMismatchException.For(existing, requested);
            }

            requested = requested with { Name = requested.ForkName };
            existing = read(requested.Name);
        }

        existing ??= insert(requested);
        if (existing.Differences(requested).Count > 0)
        {
            throw StudyMismatchException.For(existing, requested); // a fork that exists with other settings, or a concurrent creator's
        }

        StudyDefinition completed = existing.Completed(requested);
        if (completed != existing)
        {
            complete(completed); // it filled in a field the stored study lacked
        }

        return completed;
    }

    /// <summary>What a store throws when asked for the trials of a study it does not hold.</summary>
    public static InvalidOperationException NoStudy(string study) => new($"There is no study '{study}'; open it first.");
}
