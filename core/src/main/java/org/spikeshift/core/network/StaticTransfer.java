package org.spikeshift.core.network;

/**
 * A network trained with static-to-event transfer carries a second readout for the static domain
 * and one learnable alignment gate eta_t per time step; inference uses the event readout alone.
 *
 * @param steps the time steps of training, one gate each
 */
public record StaticTransfer(int steps) {

    public StaticTransfer {
        if (steps <= 0) {
            throw new IllegalArgumentException(
                    "transfer needs a positive number of steps, got " + steps);
        }
    }
}
