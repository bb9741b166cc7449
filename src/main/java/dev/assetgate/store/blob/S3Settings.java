package dev.assetgate.store.blob;

import dev.assetgate.config.AssetgateConfig;
import dev.assetgate.config.Setting;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Where and how to reach the S3 bucket; {@code endpoint} empty means AWS itself. */
public record S3Settings(String endpoint, String region, String bucket, String accessKey, String secretKey, boolean pathStyle) {

    public static S3Settings from(AssetgateConfig config) {
        return new S3Settings(config.get(Setting.S3_ENDPOINT), config.get(Setting.S3_REGION), config.get(Setting.S3_BUCKET),
                config.get(Setting.S3_ACCESS_KEY), config.get(Setting.S3_SECRET_KEY),
                Boolean.parseBoolean(config.get(Setting.S3_PATH_STYLE)));
    }

    /** A synchronous client on the JDK's HttpURLConnection (request bodies stream with a fixed length). */
    public S3Client newClient() {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofSeconds(60)))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(pathStyle)
                // Checksums only where S3 requires them: many S3-compatible servers reject the newer
                // trailing-checksum (aws-chunked) uploads; the SHA-1 we compute is our own integrity record.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (!endpoint.isEmpty()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /** For messages: never the keys. */
    @Override
    public String toString() {
        return "bucket '" + bucket + "' at " + (endpoint.isEmpty() ? "AWS (" + region + ")" : endpoint);
    }
}
