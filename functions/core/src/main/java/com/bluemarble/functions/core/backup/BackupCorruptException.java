package com.bluemarble.functions.core.backup;

import com.bluemarble.functions.core.error.DomainException;
import com.bluemarble.functions.core.error.ErrorCode;

/** 422 BACKUP_CORRUPT: a part or the manifest fails verification; the restore wrote nothing. */
public final class BackupCorruptException extends DomainException {
    public BackupCorruptException(String message) {
        super(ErrorCode.BACKUP_CORRUPT, message);
    }
}
