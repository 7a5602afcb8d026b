/**
 * The {@code reconcile} package as it stood at b66242c, unchanged but for its package and {@link
 * health.umr.reconcile.before.ReconcilerBefore}'s name: the oracle of {@code ReconcilerSameAnswerTest}. Deleted,
 * with that test, when the reconciler next changes on purpose.
 */
package health.umr.reconcile.before;
