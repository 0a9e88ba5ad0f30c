package com.bluemarble.functions.app.privacy;

import com.bluemarble.functions.adapter.s3.privacy.S3ExportBucket;
import com.bluemarble.functions.aws.AwsClientConfigurer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The exports bucket ({@code bluemarble.privacy.exports-bucket}): its own S3 client and presigner,
 * built like every AWS client ({@code bluemarble.aws.*}), so a pre-signed URL names the same
 * endpoint as the client that wrote the object.
 */
@Configuration(proxyBeanMethods = false)
public class ExportBucketConfiguration {

    /** The export bucket's S3 client and presigner, in one bean so they never compete with another area's. */
    public record ExportClients(S3Client s3, S3Presigner presigner) implements AutoCloseable {
        @Override
        public void close() {
            s3.close();
            presigner.close();
        }
    }

    @Bean(destroyMethod = "close")
    ExportClients exportClients(AwsClientConfigurer aws) {
        return new ExportClients(aws.configure(S3Client.builder()).build(), aws.s3Presigner());
    }

    @Bean
    S3ExportBucket exportBucket(ExportClients clients, @Value("${bluemarble.privacy.exports-bucket:}") String bucket) {
        return new S3ExportBucket(clients.s3(), clients.presigner(), bucket);
    }
}
