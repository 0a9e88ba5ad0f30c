package com.bluemarble.functions.core.privacy;

import java.util.UUID;

/**
 * What runs an erasure's or an export's remaining steps after {@code playerErase} / {@code playerExport}
 * answered: locally an in-process executor ({@link LocalPrivacyDriver}), in AWS a Step Functions
 * execution named after the id (starting it twice is one execution) whose states invoke
 * {@code playerEraseStep} / {@code playerExportStep}. Starting must be idempotent and quick; it must not
 * run the steps on the caller's thread.
 */
public interface PrivacyDriver {

    void driveErasure(UUID eraseId);

    void driveExport(UUID exportId);

    /** A driver that starts nothing: the steps are run by calling the step functions (tests, manual runs). */
    PrivacyDriver NONE = new PrivacyDriver() {
        @Override
        public void driveErasure(UUID eraseId) {}

        @Override
        public void driveExport(UUID exportId) {}
    };
}
