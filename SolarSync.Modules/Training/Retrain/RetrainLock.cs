namespace SolarSync.Modules.Training.Retrain;

/// <summary>
/// The PostgreSQL session lock that keeps retrains one at a time across every process on the database. A live run
/// holds it for its whole length, so a run marked running while the lock is free was interrupted.
/// </summary>
internal static class RetrainLock
{
    public const string LockSql = "SELECT pg_advisory_lock(hashtext('training.retrain'))";
    public const string TryLockSql = "SELECT pg_try_advisory_lock(hashtext('training.retrain'))";
    public const string UnlockSql = "SELECT pg_advisory_unlock(hashtext('training.retrain'))";
}
