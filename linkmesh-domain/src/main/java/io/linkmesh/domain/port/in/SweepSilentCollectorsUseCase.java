package io.linkmesh.domain.port.in;

/**
 * Marks pollers disconnected that missed three intervals. The app calls it every few seconds; it
 * returns how many it marked.
 */
public interface SweepSilentCollectorsUseCase {
  int sweepSilentCollectors();
}
