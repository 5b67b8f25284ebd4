/**
 * Static images (MNIST IDX, class folders of PNG/JPEG) as the source domain of static-to-event
 * transfer.
 */
package org.spikeshift.datasets.image;
