package org.signet.signoff.messaging;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.signet.signoff.config.SignoffConfig;

/**
 * The dead-letter topic is this service's own (no other service reads it), so the service makes sure it exists
 * rather than relying on broker auto-creation, which Signet's brokers keep off. Broker defaults apply.
 */
@ApplicationScoped
public class DeadLetterTopic {

    private static final Logger LOG = Logger.getLogger(DeadLetterTopic.class);

    void ensure(@Observes StartupEvent started, SignoffConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        String topic = config.messaging().deadLetterTopic();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            if (admin.listTopics().names().get(15, TimeUnit.SECONDS).contains(topic)) {
                return;
            }
            admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all()
                    .get(15, TimeUnit.SECONDS);
            LOG.infof("created dead-letter topic %s", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                LOG.warnf("cannot ensure dead-letter topic %s (%s); malformed records will stop their channel",
                        topic, e.getCause().getClass().getSimpleName());
            }
        } catch (Exception e) {
            // Kafka's own messages name hosts and settings, never record content.
            LOG.warnf(e, "cannot ensure dead-letter topic %s; malformed records will stop their channel", topic);
        }
    }
}
