/** Result tables (CSV, Markdown) and plots. */
package org.spikeshift.experiments.report;
