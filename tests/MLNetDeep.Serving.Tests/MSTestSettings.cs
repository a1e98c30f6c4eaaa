// Tests within a class run one after another; classes may run in parallel (each builds its own models in its own folder).
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]
